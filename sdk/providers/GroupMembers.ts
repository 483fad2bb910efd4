import { providerShim } from "../shim";

export = providerShim("GroupMembers");
