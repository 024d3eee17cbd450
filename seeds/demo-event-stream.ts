import type { Faker } from '@faker-js/faker';
import { checkSuitability } from '../engine/recommendation/suitability.js';
import type { Propensity } from '../resources/customer/customer-attributes.js';

/**
 * The customer events `npm run demo:events` sends (scripts/demo-events.ts
 * reads the pools from the database and does the sending): what channel
 * systems would report about existing customers, shaped like the seeded
 * history (seeds/run-seed.ts: `channel` everywhere, `productCode` and
 * `productType` on product views, `amount` in won) and covering what the
 * demo journeys listen for (engine/definitions/journey/journey-examples.ts).
 *
 * Drawn from one seeded Faker, so the same seed over the same database gives
 * the same sequence of customers, types and properties (event ids are fresh
 * UUIDs each run, so a repeated run is new traffic, not duplicates).
 */
export const demoScenarios = ['mixed', 'signup', 'fund', 'deposit'] as const;
export type DemoScenario = (typeof demoScenarios)[number];

export interface DemoPools {
  /** customer_no and propensity of the ACTIVE customers. */
  customers: Array<{ customerNo: string; propensity: Propensity | null }>;
  /** ACTIVE customers without an `app.signup` event yet: who may still sign up to the app (each once). */
  notSignedUp: string[];
  /** Published products that are viewed: funds, deposits, savings. */
  products: Array<{ code: string; type: string; riskGrade: number }>;
  /** Open time deposits of ACTIVE customers; `maturing`: a member of the deposit-maturity journey's segment. */
  timeDeposits: Array<{ customerNo: string; productCode: string; amount: number; maturing: boolean }>;
}

export interface DemoEvent {
  customerNo: string;
  type: string;
  properties: Record<string, string | number>;
}

type Primary = 'login' | 'signup' | 'viewFund' | 'viewDeposit' | 'viewSavings' | 'transfer' | 'renew' | 'mature';

/** Weights of the events a scenario starts; follow-ups (a purchase after a view, a login after a signup) come on top, inside the count. */
const mixes: Record<DemoScenario, Array<[Primary, number]>> = {
  mixed: [
    ['login', 32],
    ['viewFund', 15],
    ['viewDeposit', 10],
    ['viewSavings', 5],
    ['transfer', 15],
    ['signup', 8],
    ['renew', 5],
    ['mature', 2],
  ],
  signup: [['signup', 1]],
  fund: [['viewFund', 1]],
  deposit: [
    ['viewDeposit', 40],
    ['renew', 35],
    ['mature', 10],
    ['transfer', 15],
  ],
};

const won = (faker: Faker, min: number, max: number) => Math.round(faker.number.int({ min, max }) / 10_000) * 10_000;

export class DemoEventStream {
  /** Events promised by earlier ones (the purchase a few events after the view), by the index they are due at. */
  private readonly followUps: Array<{ due: number; event: DemoEvent }> = [];
  private readonly signups: string[];
  private readonly maturing: DemoPools['timeDeposits'];
  private index = 0;
  /** Signups that fell back to logins because every ACTIVE customer had signed up already. */
  signupsExhausted = 0;

  constructor(
    private readonly faker: Faker,
    private readonly pools: DemoPools,
    private readonly scenario: DemoScenario,
  ) {
    if (pools.customers.length === 0) throw new Error('no ACTIVE customers');
    // Without replacement: a customer signs up to the app once.
    this.signups = faker.helpers.shuffle([...pools.notSignedUp]);
    const members = pools.timeDeposits.filter((d) => d.maturing);
    this.maturing = members.length > 0 ? members : pools.timeDeposits;
  }

  next(): DemoEvent {
    const i = this.index++;
    const due = this.followUps.findIndex((f) => f.due <= i);
    if (due >= 0) return this.followUps.splice(due, 1)[0]!.event;
    return this.primary(this.faker.helpers.weightedArrayElement(mixes[this.scenario].map(([value, weight]) => ({ value, weight }))));
  }

  private later(min: number, max: number, event: DemoEvent): void {
    this.followUps.push({ due: this.index + this.faker.number.int({ min, max }), event });
  }

  private customer() {
    return this.faker.helpers.arrayElement(this.pools.customers);
  }

  private product(type: string) {
    const of = this.pools.products.filter((p) => p.type === type);
    return of.length ? this.faker.helpers.arrayElement(of) : null;
  }

  private appChannel(): string {
    return this.faker.helpers.weightedArrayElement([
      { value: 'mobile-app', weight: 75 },
      { value: 'mobile-web', weight: 25 },
    ]);
  }

  private primary(kind: Primary): DemoEvent {
    const f = this.faker;
    switch (kind) {
      case 'login': {
        const channel = f.helpers.weightedArrayElement([
          { value: 'mobile-app', weight: 70 },
          { value: 'mobile-web', weight: 20 },
          { value: 'internet-banking', weight: 10 },
        ]);
        return { customerNo: this.customer().customerNo, type: 'app.login', properties: { channel } };
      }
      case 'signup': {
        const customerNo = this.signups.pop();
        if (!customerNo) {
          this.signupsExhausted++;
          return this.primary('login');
        }
        // About a third of new users open the app again at once; a few look at a fund.
        if (f.datatype.boolean({ probability: 0.35 })) this.later(1, 6, { customerNo, type: 'app.login', properties: { channel: 'mobile-app' } });
        const fund = this.product('FUND');
        if (fund && f.datatype.boolean({ probability: 0.1 }))
          this.later(2, 10, { customerNo, type: 'product.view', properties: { productCode: fund.code, productType: 'FUND', channel: 'mobile-app' } });
        return {
          customerNo,
          type: 'app.signup',
          properties: {
            channel: 'mobile-app',
            os: f.helpers.weightedArrayElement([
              { value: 'android', weight: 70 },
              { value: 'ios', weight: 30 },
            ]),
          },
        };
      }
      case 'viewFund': {
        const fund = this.product('FUND');
        if (!fund) return this.primary('login');
        const c = this.customer();
        const channel = this.appChannel();
        // A purchase within a short run can only come at once: four in ten of the viewers whose propensity allows the fund buy it a few events later.
        if (checkSuitability(c.propensity, 'FUND', fund.riskGrade).ok && f.datatype.boolean({ probability: 0.4 })) {
          this.later(2, 12, {
            customerNo: c.customerNo,
            type: 'holding.opened',
            properties: { productCode: fund.code, productType: 'FUND', amount: won(f, 1_000_000, 50_000_000), channel },
          });
        }
        return { customerNo: c.customerNo, type: 'product.view', properties: { productCode: fund.code, productType: 'FUND', channel } };
      }
      case 'viewDeposit':
      case 'viewSavings': {
        const product = this.product(kind === 'viewDeposit' ? 'DEPOSIT' : 'SAVINGS');
        if (!product) return this.primary('login');
        return { customerNo: this.customer().customerNo, type: 'product.view', properties: { productCode: product.code, productType: product.type, channel: this.appChannel() } };
      }
      case 'transfer':
        return {
          customerNo: this.customer().customerNo,
          type: 'transfer.completed',
          properties: { amount: f.number.int({ min: 1, max: 500 }) * 10_000, channel: f.helpers.arrayElement(['internet-banking', 'mobile-app']) },
        };
      case 'renew': {
        // Renewals come from the customers the maturity journey notifies (its segment's members), else from any time-deposit holder.
        if (this.maturing.length === 0) return this.primary('viewDeposit');
        const d = f.helpers.arrayElement(this.maturing);
        return {
          customerNo: d.customerNo,
          type: 'deposit.renewed',
          properties: {
            productCode: d.productCode,
            productType: 'DEPOSIT',
            amount: d.amount,
            termMonths: f.helpers.arrayElement([6, 12, 12, 12, 24]),
            channel: f.helpers.arrayElement(['branch', 'mobile-app']),
          },
        };
      }
      case 'mature': {
        if (this.pools.timeDeposits.length === 0) return this.primary('transfer');
        const d = f.helpers.arrayElement(this.pools.timeDeposits);
        // More than half renew on maturity day; the rest take the money.
        if (f.datatype.boolean({ probability: 0.6 })) {
          this.later(1, 8, {
            customerNo: d.customerNo,
            type: 'deposit.renewed',
            properties: { productCode: d.productCode, productType: 'DEPOSIT', amount: d.amount, termMonths: 12, channel: 'mobile-app' },
          });
        }
        return { customerNo: d.customerNo, type: 'deposit.matured', properties: { productCode: d.productCode, productType: 'DEPOSIT', amount: d.amount, channel: 'branch' } };
      }
      default: {
        const never: never = kind;
        throw new Error(`unhandled event kind ${String(never)}`);
      }
    }
  }
}
