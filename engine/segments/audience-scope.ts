/**
 * Who can be in any segment at all: everyone but WITHDRAWN customers. A
 * withdrawn customer is never contacted again (issue #3) and their data is
 * being retired, so no audience, count or journey may include them, whatever
 * the definition says. Both evaluators apply the same rule.
 */
export const audienceScopeSql = (alias = 'c') => `${alias}.status <> 'WITHDRAWN'`;

export const inAudienceScope = (customer: { status: string }) => customer.status !== 'WITHDRAWN';
