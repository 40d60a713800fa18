/** Child process for the store tests: open (and migrate) the database given as argv[2], add officer argv[3], close. */
import { openStore } from "../../src/store/db.js";
import { OfficerRepo } from "../../src/store/repos.js";

const [url, id] = process.argv.slice(2);
const store = await openStore(url!);
await new OfficerRepo(store).add(Number(id), `instance ${id}`, 1, Date.now());
await store.close();
