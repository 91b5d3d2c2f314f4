// The paper's claimed numbers (PAPER.md §7), so pages quote them from one place.
import {PAPER_CLAIMS} from "../../loaders/paper/claims.ts";

process.stdout.write(JSON.stringify(PAPER_CLAIMS));
