// The paper's numbers (PAPER.md §7) and what they imply, so pages quote them from one place.
import {impliedNumbers, PAPER_NUMBERS} from "../../loaders/paper/claims.ts";
process.stdout.write(JSON.stringify({...PAPER_NUMBERS, implied: impliedNumbers()}));
