// Public surface of the local Static Web Apps emulation.
export {
  createSwaFrontDoor,
  clientPrincipalHeader,
  demoLoginUsers,
  safeRedirectPath,
} from "./createSwaFrontDoor.js";
export type { SwaFrontDoor, SwaFrontDoorOptions } from "./createSwaFrontDoor.js";
export { decodeClientPrincipal, encodeClientPrincipal, type ClientPrincipal } from "./clientPrincipal.js";
export type { DevLoginUser } from "./loginPage.js";
