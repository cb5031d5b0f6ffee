import { signInAs } from './app.js';
/** Gives a customer a license the way the shop would. */
export async function giveLicense(ctx, { email, key, ...fields }) {
    await ctx.deps.licenses.upsertLicenses({
        source: 'api',
        invite: false,
        items: [
            {
                key: key ?? `K-${Math.random().toString(36).slice(2, 10)}`,
                fields: {
                    customerEmail: email,
                    product: 'DIAFAN.CMS',
                    edition: null,
                    type: 'commercial',
                    purchasedOn: '2026-06-01',
                    domains: ['site.example.test'],
                    status: 'active',
                    ...fields,
                },
            },
        ],
    });
}
/** A signed-in customer with a license of the given kind: fresh, expired guarantee, free only, or none. */
export async function customerWith(ctx, kind, email) {
    const caller = await signInAs(ctx, { role: 'customer', email });
    if (kind === 'fresh')
        await giveLicense(ctx, { email: caller.email, purchasedOn: '2026-06-01' });
    if (kind === 'expired')
        await giveLicense(ctx, { email: caller.email, purchasedOn: '2025-01-10' });
    if (kind === 'free')
        await giveLicense(ctx, { email: caller.email, type: 'free' });
    return caller;
}
export async function openTicket(ctx, caller, body = {}) {
    return ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: caller.headers,
        payload: { kind: 'question', subject: 'Catalog page shows an error', body: 'After the update the catalog page shows error 500.', ...body },
    });
}
//# sourceMappingURL=tickets.js.map