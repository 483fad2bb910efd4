import { providerShim } from "../shim";

export = providerShim("User");
