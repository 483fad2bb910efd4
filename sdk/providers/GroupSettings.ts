import { providerShim } from "../shim";

export = providerShim("GroupSettings");
