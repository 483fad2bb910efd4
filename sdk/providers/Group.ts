import { providerShim } from "../shim";

export = providerShim("Group");
