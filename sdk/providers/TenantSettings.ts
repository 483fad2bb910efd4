import { providerShim } from "../shim";

export = providerShim("TenantSettings");
