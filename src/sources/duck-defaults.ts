/**
 * DuckDB's memory limit when none is configured (`TTADS_DUCKDB_MEMORY`): beyond it DuckDB spills to disk. A file of
 * its own, without DuckDB, so that the settings schema can name it without loading the sources layer.
 */
export const DEFAULT_DUCKDB_MEMORY = '512MB';
