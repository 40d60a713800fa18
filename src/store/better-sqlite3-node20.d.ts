// npm alias of better-sqlite3 12.x (see sqlite-driver.ts): the same API and types.
declare module "better-sqlite3-node20" {
  import Database from "better-sqlite3";
  export default Database;
}
