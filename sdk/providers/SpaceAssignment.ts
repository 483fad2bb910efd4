import { providerShim } from "../shim";

export = providerShim("SpaceAssignment");
