import { describe, expect, it } from 'vitest';
import * as browserRules from '../../../web/src/features/vault/secretRules.js';
import { detectSecrets, hasMaskedSecrets, maskSecrets, SECRET_MASK } from './vault.secrets.js';

const M = SECRET_MASK;

// [what the customer wrote, what is stored]
const MASKED: [string, string][] = [
  ['Password: Qwerty123!', `Password: ${M}`],
  ['password=hunter22', `password=${M}`],
  ['login: admin / password: letmein!', `login: admin / password: ${M}`],
  ['FTP password for the site: Zx9!kq_77', `FTP password for the site: ${M}`],
  ['**Password:** s3cret99', `**Password:** ${M}`],
  ['{"password": "with space 1"}', `{"password": "${M}"}`],
  ['DB_PASSWORD=abc123xyz', `DB_PASSWORD=${M}`],
  ['api_key = sk_live_abcdef123', `api_key = ${M}`],
  ['Server=db;User Id=sa;Password=Pa55w0rd;', `Server=db;User Id=sa;Password=${M}`],
  ['пароль: 12345abc', `пароль: ${M}`],
  ['Логин admin, пароль от хостинга: Сложный1!', `Логин admin, пароль от хостинга: ${M}`],
  ['Пароль — Sup3rS3cret', `Пароль — ${M}`],
  ['Доступ: ftp://admin:hunter22@example.com/public_html', `Доступ: ftp://admin:${M}@example.com/public_html`],
  ['mysql://root:toor@10.0.0.5:3306/shop', `mysql://root:${M}@10.0.0.5:3306/shop`],
  ['sftp://deploy:p%40ss@host.example.test', `sftp://deploy:${M}@host.example.test`],
  [
    'Key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\nThanks',
    `Key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n${M}\n-----END OPENSSH PRIVATE KEY-----\nThanks`,
  ],
  [
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nMIIEowIBAAKCAQEA7x\n-----END RSA PRIVATE KEY-----',
    `-----BEGIN RSA PRIVATE KEY-----\n${M}\n-----END RSA PRIVATE KEY-----`,
  ],
  // Pasted without its end line: everything after BEGIN goes.
  ['here:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC', `here:\n-----BEGIN PRIVATE KEY-----\n${M}\n-----END PRIVATE KEY-----`],
  ['PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIBq\nPrivate-MAC: 6f1a2b\nbye', `${M}\nbye`],
  // The forms the security review found unmasked (finding 6).
  ['Password:\nhunter22', `Password:\n${M}`],
  ['FTP login: deploy\nPassword:\n  Zx9!kq_77\nThanks', `FTP login: deploy\nPassword:\n  ${M}\nThanks`],
  ['my password is hunter22', `my password is ${M}`],
  ['The admin password is Summer2026!', `The admin password is ${M}`],
  ['мой пароль такой Qwerty123', `мой пароль такой ${M}`],
  ['mysql -u root -pS3cretPass shop', `mysql -u root -p${M} shop`],
  ['run sshpass -p hunter22 ssh root@host', `run sshpass -p ${M} ssh root@host`],
  ['login root / pass hunter22', `login root / pass ${M}`],
  ['user admin, password Secr3t!', `user admin, password ${M}`],
  ['secret: 9f8e7d6c5b4a', `secret: ${M}`],
  ['token: ghp_abcdef1234567890', `token: ${M}`],
  ['passwd: Tr0ub4dor', `passwd: ${M}`],
  ['root passwd Tr0ub4dor&3', `root passwd ${M}`],
  ['p a s s w o r d: hunter22', `p a s s w o r d: ${M}`],
  ['pass\u200Bword: hunter22', `pass\u200Bword: ${M}`],
  ['ｐａｓｓｗｏｒｄ: hunter22', `ｐａｓｓｗｏｒｄ: ${M}`],
  ['ｐａｓｓｗｏｒｄ：ｈｕｎｔｅｒ２２', `ｐａｓｓｗｏｒｄ：${M}`],
  ['ssh root:Tr0ub4dor@1.2.3.4', `ssh root:${M}@1.2.3.4`],
  ['connect as deploy:hunter22@10.0.0.7 please', `connect as deploy:${M}@10.0.0.7 please`],
  ['admin:letmein99@shop.example.test', `admin:${M}@shop.example.test`],
];

// Ordinary support talk that must stay as written.
const UNCHANGED = [
  'I forgot my password',
  'Забыл пароль от админки',
  'Пароль не подходит',
  'The password reset link does not work.',
  'Reset password: click the link in the mail and nothing happens',
  'Password policy: strong',
  'What is the password policy?',
  'Passwords must be at least 10 characters.',
  'My passport: 1234567',
  'Password: why?',
  'password: ********',
  `password: ${M}`,
  'Password: <your password>',
  'password - I forgot it',
  'Ссылка на сброс пароля: не приходит',
  'See https://example.com/login and the admin:8080 port',
  'mailto:someone@example.com',
  'Use -----BEGIN CERTIFICATE----- blocks for certificates',
  'my password is wrong',
  'The password is not accepted',
  'Is the password manager safe?',
  'The token: expired yesterday',
  'Write to sales:team@example.com',
  'Contact: john@example.com',
  'passwd --stdin root',
  'mysql -u root -p shop',
  'The time 10:30@office',
];

describe('credentials in customer text', () => {
  it.each(MASKED)('%j is stored masked', (input, stored) => {
    const result = maskSecrets(input);
    expect(result.text).toBe(stored);
    expect(result.isMasked).toBe(true);
    expect(hasMaskedSecrets(result.text)).toBe(true);
  });

  it.each(UNCHANGED)('%j is ordinary text and stays as written', (input) => {
    expect(detectSecrets(input)).toEqual([]);
    expect(maskSecrets(input)).toEqual({ text: input, isMasked: false, kinds: [] });
  });

  it('says what kinds were hidden, never the values', () => {
    const result = maskSecrets('ftp://a:b3cret@h.example and password: Qwerty123!\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----');
    expect(result.kinds.sort()).toEqual(['password', 'private_key', 'url_credentials']);
    expect(JSON.stringify(result.kinds)).not.toMatch(/b3cret|Qwerty/);
  });

  it('a password inside a private key block is hidden once, with the block', () => {
    const text = '-----BEGIN PRIVATE KEY-----\npassword: inside123\n-----END PRIVATE KEY-----';
    expect(detectSecrets(text)).toHaveLength(1);
    expect(maskSecrets(text).text).toBe(`-----BEGIN PRIVATE KEY-----\n${M}\n-----END PRIVATE KEY-----`);
  });

  it('masking is idempotent', () => {
    for (const [input] of MASKED) {
      const once = maskSecrets(input).text;
      expect(maskSecrets(once).text).toBe(once);
    }
  });

  it("the browser's warning finds exactly what the server masks", () => {
    for (const text of [...MASKED.map(([input]) => input), ...UNCHANGED]) {
      expect(browserRules.detectSecrets(text)).toEqual(detectSecrets(text));
      expect(browserRules.maskSecrets(text)).toEqual(maskSecrets(text));
    }
    expect(browserRules.SECRET_MASK).toBe(SECRET_MASK);
  });
});
