// The browser warns with exactly the rules the server masks with: one source, shared. The module
// is pure (no Node imports), so Vite bundles it as it is.
export * from '../../../../src/modules/vault/vault.secrets.js';
