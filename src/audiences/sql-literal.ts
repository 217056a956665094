/** A DuckDB string literal for values that cannot be bound as parameters (file paths in table functions). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
