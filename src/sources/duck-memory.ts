/**
 * DuckDB's memory_limit for an audience sync, chosen for the whole process's budget (1 GiB at 10M rows):
 * the limit bounds only DuckDB's buffer manager, and a 10M-row sync's RSS is ~650 MiB above it (the embedded
 * store's WebAssembly memory, V8's heap, request bodies, DuckDB's query-time vectors and allocator). At 1GB
 * a 10M sync peaked at 1.7 GiB; at this limit ~1.05 GiB, for ~8% more CPU (it spills more).
 */
export const SYNC_DUCK_MEMORY_LIMIT = '384MB';
