import { providerShim } from "../shim";

export = providerShim("Role");
