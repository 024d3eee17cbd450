import React from 'react';

/** Placeholder marks: characters no translation contains (private use area). */
const mark = (i: number) => `\uE000${i}\uE000`;

/**
 * A translated sentence with stored values inside (a name, a product title,
 * a reviewer's reason), each rendered in a `data-value` span: the value may
 * be in any language, the sentence around it is the page's. The language
 * checks of the browser tests skip what is marked so (test/support/page-checks.ts),
 * and a screen reader reads one sentence.
 *
 * `translate` is AdminJS's translateMessage bound to the key and resource;
 * `data` are the placeholders that hold stored values.
 */
export function withData(translate: (params: Record<string, unknown>) => string, data: Record<string, string>, params: Record<string, unknown> = {}): React.ReactNode {
  const keys = Object.keys(data);
  const text = translate({ ...params, ...Object.fromEntries(keys.map((k, i) => [k, mark(i)])) });
  return text.split(/\uE000(\d+)\uE000/).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} data-value>
        {data[keys[Number(part)]!]}
      </span>
    ) : (
      part
    ),
  );
}
