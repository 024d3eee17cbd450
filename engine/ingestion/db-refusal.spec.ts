import { lagPerPartition } from './consumer-lag.js';
import { isDuplicateKey, isRowRefusal, refusalReason } from './db-refusal.js';

describe('database errors: the row or the database?', () => {
  test.each([
    [{ code: 'ER_CONSTRAINT_FAILED', errno: 4025, sqlState: '23000' }, true],
    [{ code: 'ER_DATA_TOO_LONG', errno: 1406, sqlState: '22001' }, true],
    [{ code: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', errno: 1366, sqlState: 'HY000' }, true],
    [{ code: 'ER_NO_REFERENCED_ROW_2', errno: 1452, sqlState: '23000' }, true],
    [{ code: 'ER_SIGNAL_EXCEPTION', errno: 1644, sqlState: '45000' }, true],
    [{ code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlState: '42S02' }, false],
    [{ code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205, sqlState: 'HY000' }, false],
    [{ code: 'ER_LOCK_DEADLOCK', errno: 1213, sqlState: '40001' }, false],
    [{ code: 'PROTOCOL_CONNECTION_LOST' }, false],
    [{ code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' }, false],
  ])('%j refuses the row: %s', (err, refusal) => {
    expect(isRowRefusal(err)).toBe(refusal);
  });

  test("a duplicate key is told apart, and a reason carries the server's words without SQL", () => {
    expect(isDuplicateKey({ errno: 1062 })).toBe(true);
    expect(refusalReason({ code: 'ER_CONSTRAINT_FAILED', sqlMessage: 'CONSTRAINT `behaviour_event.properties` failed for `db`.`behaviour_event`' })).toBe(
      'refused by the database: CONSTRAINT `behaviour_event.properties` failed for `db`.`behaviour_event` (ER_CONSTRAINT_FAILED)',
    );
  });
});

describe('consumer lag', () => {
  test('committed offset to the end of each partition; from the start when nothing is committed', () => {
    const ends = [
      { partition: 0, low: '0', high: '10' },
      { partition: 1, low: '5', high: '8' },
      { partition: 2, low: '0', high: '4' },
    ];
    const lag = lagPerPartition(ends, [
      { partition: 0, offset: '10' },
      { partition: 1, offset: '-1' },
      { partition: 2, offset: '1' },
    ]);
    expect([...lag]).toEqual([
      [0, 0],
      [1, 3],
      [2, 3],
    ]);
  });
});
