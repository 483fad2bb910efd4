import { providerShim } from "../shim";

export = providerShim("Tenant");
