import type { CurrentAdmin } from 'adminjs';
import { can } from '../../admin/access/admin-actions.js';
import { maskBirthDate, maskName } from './contact-format.util.js';

/**
 * What each role sees of a customer. Contact details are always shown masked
 * (the stored masked form); roles that serve customers (may `unmask`) see
 * name and birth date, the others see them masked too. Full contact details
 * only come from the audited unmask action.
 */
export function maskCustomerParams(params: Record<string, unknown>, currentAdmin: CurrentAdmin | undefined): Record<string, unknown> {
  const out = maskIdentity(params, currentAdmin);
  for (const hidden of ['mobileEnc', 'mobileHash', 'emailEnc', 'emailHash']) delete out[hidden];
  // The edit form shows the masked forms; posting them back unchanged keeps the stored values.
  out.mobile = out.mobileMasked ?? '';
  out.email = out.emailMasked ?? '';
  return out;
}

/** Name, Latin name and birth date, masked unless the role serves customers (may `unmask`). */
export function maskIdentity<T extends Record<string, unknown>>(params: T, currentAdmin: CurrentAdmin | undefined): T {
  if (can(currentAdmin, 'unmask', 'Customer')) return { ...params };
  const out: Record<string, unknown> = { ...params };
  if (typeof out.name === 'string') out.name = maskName(out.name);
  if (typeof out.nameEn === 'string') out.nameEn = maskName(out.nameEn);
  if (typeof out.birthDate === 'string' && out.birthDate) out.birthDate = maskBirthDate(out.birthDate);
  return out as T;
}
