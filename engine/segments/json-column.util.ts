/** MariaDB's JSON is LONGTEXT on the wire: raw queries get a string, entities an object. */
export function jsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
