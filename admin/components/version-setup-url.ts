// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a version row as the product overview action shaped it
type Row = Record<string, any>;

const addDay = (ymd: string) => new Date(Date.parse(`${ymd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The "add a version" form, pre-filled from the latest version: the product, the next valid-from day, conditions and eligibility. */
export function nextVersionUrl(productId: string | number, latest: Row | undefined, today: string): string {
  const q = new URLSearchParams({ productId: String(productId) });
  const after = latest ? addDay(String(latest.validTo ?? latest.validFrom)) : today;
  q.set('validFrom', after > today ? after : today);
  for (const k of ['conditions', 'minAge', 'maxAge', 'eligibleGender', 'eligibleRegions']) {
    if (latest?.[k] !== null && latest?.[k] !== undefined && latest[k] !== '') q.set(k, String(latest[k]));
  }
  return `/admin/resources/ProductVersion/actions/new?${q.toString()}`;
}
