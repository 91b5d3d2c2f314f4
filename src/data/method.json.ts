// The method's constants that the pages' prose names (loaders/method.ts).
import {METHOD} from "../../loaders/method.ts";
process.stdout.write(JSON.stringify(METHOD));
