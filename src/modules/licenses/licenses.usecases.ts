import type { Db, DbOrTrx } from '../../db/database.js';
import type { License, NewLicense, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { isAppError } from '../../shared/errors.js';
import { createId } from '../../shared/ids.js';
import { isVerified } from '../accounts/accounts.models.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import type { AccountsUsecases } from '../accounts/accounts.usecases.js';
import { computeEntitlement, type Entitlement } from './licenses.entitlement.js';
import { licensesErrors } from './licenses.errors.js';
import { diffLicense, toLicenseColumns, type LicenseFields, type UpsertOutcome } from './licenses.models.js';
import { createLicensesRepository } from './licenses.repository.js';
import { laneOf } from '../webhooks/webhooks.models.js';
import { hasWebhookSubscribers, recordWebhookEvents } from '../webhooks/webhooks.outbox.js';

export type LicensesUsecases = ReturnType<typeof createLicensesUsecases>;
export type LicenseSource = License['source'];

export interface UpsertItem {
  key: string;
  fields: LicenseFields;
}

interface Deps {
  db: Db;
  clock: Clock;
  accounts: AccountsUsecases;
  /** The support calendar's time zone, where purchase dates and anniversaries are local dates. */
  getSupportTimeZone: () => Promise<string>;
}

export function createLicensesUsecases({ db, clock, accounts, getSupportTimeZone }: Deps) {
  /** Finds the customer for an email, creating (and inviting) one the shop vouches for. */
  async function findOrCreateCustomer({
    trx,
    fields,
    cache,
    invite,
  }: {
    trx: DbOrTrx;
    fields: LicenseFields;
    cache: Map<string, User>;
    invite: boolean;
  }): Promise<User> {
    let user = cache.get(fields.customerEmail);
    if (!user) {
      // The cache was filled with every known email of the batch: a miss is a new customer, unless
      // a concurrent request created it a moment ago (then it is read back, not a 500).
      try {
        user = (
          await accounts.createUser({
            trx,
            email: fields.customerEmail,
            name: fields.customerName ?? fields.customerEmail.split('@')[0]!,
            role: 'customer',
            invite,
          })
        ).user;
      } catch (error) {
        if (!(isAppError(error) && error.code === 'accounts.email_taken')) throw error;
        user = (await createAccountsRepository({ db: trx }).findUserByEmail({ email: fields.customerEmail }))!;
      }
    }
    if (user.role !== 'customer') throw licensesErrors.customerNotCustomer();
    // Licenses attach only to proven addresses: an unverified sign-up starts over, and the owner is invited.
    if (!isVerified(user)) user = (await accounts.claimForVouchedAddress({ trx, user, name: fields.customerName, invite })).user;
    cache.set(fields.customerEmail, user);
    return user;
  }

  /**
   * Creates or updates licenses by key, idempotently: the same fields twice change nothing.
   * A different customer email transfers the license. All items commit together.
   */
  async function upsertLicenses({
    items,
    source,
    invite = true,
    trx: outer,
  }: {
    items: UpsertItem[];
    source: LicenseSource;
    invite?: boolean;
    trx?: DbOrTrx;
  }): Promise<{ outcomes: UpsertOutcome[] }> {
    const run = async (trx: DbOrTrx) => {
      const repo = createLicensesRepository({ db: trx });
      const stored = new Map((await repo.findByKeys({ keys: items.map((i) => i.key) })).map((l) => [l.key, l]));
      const emails = [...new Set(items.map((i) => i.fields.customerEmail))];
      const customers = new Map((await createAccountsRepository({ db: trx }).findUsersByEmails({ emails })).map((u) => [u.email, u]));
      const inserts: NewLicense[] = [];
      const outcomes: UpsertOutcome[] = [];
      const now = clock.now();
      for (const { key, fields } of items) {
        const customer = await findOrCreateCustomer({ trx, fields, cache: customers, invite });
        const columns = toLicenseColumns(fields, customer.id);
        const existing = stored.get(key);
        if (!existing) {
          const license = { id: createId(), key, ...columns, source, created_at: now, updated_at: now };
          inserts.push(license);
          stored.set(key, license);
          outcomes.push('created');
          continue;
        }
        const changes = diffLicense(existing, columns);
        if (Object.keys(changes).length === 0) {
          outcomes.push('unchanged');
          continue;
        }
        await repo.update({ id: existing.id, changes: { ...changes, updated_at: now } });
        Object.assign(existing, changes, { updated_at: now });
        outcomes.push('updated');
      }
      // New licenses go in as multi-row inserts: one round trip per hundred, not per license. A key
      // a concurrent request inserted first is then applied as an update of that row (idempotent PUT).
      const lost: string[] = [];
      for (let i = 0; i < inserts.length; i += 100) {
        const chunk = inserts.slice(i, i + 100);
        const inserted = new Set(await repo.insertManyIfAbsent({ licenses: chunk }));
        lost.push(...chunk.filter((l) => !inserted.has(l.key)).map((l) => l.key));
      }
      for (const key of lost) {
        const winner = (await repo.findByKey({ key }))!;
        const wanted = stored.get(key)!;
        const changes = diffLicense(winner, toLicenseColumns(items.find((item) => item.key === key)!.fields, wanted.customer_id));
        outcomes[items.findIndex((item) => item.key === key)] = Object.keys(changes).length === 0 ? 'unchanged' : 'updated';
        if (Object.keys(changes).length > 0) await repo.update({ id: winner.id, changes: { ...changes, updated_at: now } });
      }
      // `license.changed` webhooks, in this transaction; a CSV import nobody listens to pays one read.
      if (await hasWebhookSubscribers({ db: trx, type: 'license.changed' })) {
        for (const [i, { key }] of items.entries()) {
          const outcome = outcomes[i];
          if (outcome === 'created' || outcome === 'updated')
            await recordWebhookEvents({ db: trx, types: ['license.changed'], lane: laneOf({ licenseKey: key }), data: { key, outcome }, at: now });
        }
      }
      return { outcomes };
    };
    return outer ? run(outer) : db.transaction().execute(run);
  }

  /** Entitlement now, or at another instant (a message's arrival). */
  async function entitlementOf({ customer, at }: { customer: User; at?: number }): Promise<Entitlement> {
    const licenses = await createLicensesRepository({ db }).listOfCustomer({ customerId: customer.id });
    return computeEntitlement({
      licenses: licenses.map((l) => ({ type: l.type, status: l.status, purchasedOn: l.purchased_on })),
      isEmailVerified: isVerified(customer),
      timezone: await getSupportTimeZone(),
      at: at ?? clock.now(),
    });
  }

  return {
    upsertLicenses,
    entitlementOf,

    /** Changes part of a license (a refund is `{ status: 'refunded' }`); a new email transfers it. */
    async patchLicense({ key, changes }: { key: string; changes: Partial<LicenseFields> }): Promise<{ license: License }> {
      return db.transaction().execute(async (trx) => {
        const repo = createLicensesRepository({ db: trx });
        const existing = await repo.findByKey({ key });
        if (!existing) throw licensesErrors.notFound();
        const owner = await createAccountsRepository({ db: trx }).findUserById({ id: existing.customer_id });
        const current: LicenseFields = {
          customerEmail: owner!.email,
          product: existing.product,
          edition: existing.edition,
          type: existing.type,
          purchasedOn: existing.purchased_on,
          domains: JSON.parse(existing.domains) as string[],
          status: existing.status,
        };
        await upsertLicenses({ items: [{ key, fields: { ...current, ...changes } }], source: existing.source, trx });
        return { license: (await repo.findByKey({ key }))! };
      });
    },
  };
}
