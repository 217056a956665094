// DuckDB string literal quoting, shared with src/sources.
export { sqlString } from '../sources/relation.js';
