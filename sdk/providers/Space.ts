import { providerShim } from "../shim";

export = providerShim("Space");
