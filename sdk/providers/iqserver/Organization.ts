import { providerShim } from "../../shim";

export = providerShim("iqserver:Organization");
