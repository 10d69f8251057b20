export { type ConnectionConfig, Connections, type ConnectOptions, connections } from "./connections.js";
export {
  ConnectionConfigException,
  ConnectionNotExistException,
  MilvusException,
  ParamError,
} from "./exceptions.js";
export { createUtility, toMilvusException, utility } from "./utility.js";
