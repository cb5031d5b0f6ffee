import type { DemoScript } from './demo.scripts.js';

/** English conversations of the demo desk. */
export const EN_SCRIPTS: DemoScript[] = [
  {
    kind: 'question',
    subjects: ['How do I add a second language to the catalog?', 'Second language for product pages', 'Catalog in English and German'],
    opening: 'We sell mostly in Germany now. How do I add German to the catalog so that product names and descriptions can be translated?',
    clarify: 'Happy to help. Do you want a separate German version of the whole site, or only translated product pages?',
    details: 'The whole site, ideally with /de/ in the address.',
    answer:
      'Go to **Settings → Languages**, add German with the prefix `de`, then open each product: a "German" tab appears next to "English". Menus and pages get the same tab. The `/de/` addresses are made automatically.',
    thanks: 'Works, thank you!',
    tags: ['languages'],
  },
  {
    kind: 'question',
    subjects: ['Where do I change the order e-mail template?', 'Order confirmation mail wording', 'Customize the order notification'],
    opening: 'Our customers get an order confirmation that still says "Your shop". Where can I change the text of that mail?',
    clarify: 'Is it the mail to the buyer or the notice to your managers?',
    details: 'The one to the buyer.',
    answer:
      'Open **Shop → Settings → Mail templates** and choose "Order placed (buyer)". The placeholders like `%order_number%` are listed below the editor. Save, then place a test order to check.',
    tags: ['shop', 'mail'],
  },
  {
    kind: 'question',
    subjects: ['Can the news module show only one category?', 'News block on the home page: one category only'],
    opening: 'On the home page I want the news block to show only the "Company" category, not everything. Is that possible?',
    clarify: 'Yes. Which template does your home page use: the standard one or your own?',
    details: 'The standard one, we only changed colours.',
    answer:
      'In **Site → Blocks**, open "News on the home page" and pick "Company" under *Category*. If the option is greyed out, update to 7.2: older versions only had "all categories".',
  },
  {
    kind: 'question',
    subjects: ['How do I move the site to another hosting?', 'Moving to a new server', 'Transfer to a VPS'],
    opening: 'We are moving from shared hosting to a VPS. What is the right order of steps so that nothing breaks?',
    clarify: 'Will the domain stay the same, and which PHP version does the VPS have?',
    details: 'Same domain, PHP 8.2, MySQL 8.',
    answer:
      '1. Make a backup in **Service → Backup** (files and database).\n2. Copy the files and import the dump on the VPS.\n3. Put the new database credentials into `config.php`.\n4. Clear the cache folder `cache/`.\n5. Switch DNS. Until DNS settles, keep the old site read-only.',
    tags: ['hosting'],
  },
  {
    kind: 'question',
    subjects: ['Import products from a CSV file', 'Bulk upload of 3,000 products', 'CSV import: which columns?'],
    opening: 'We have 3,000 products in a spreadsheet. Can I import them at once, and what format does the file need?',
    clarify: 'Do your products have variants (sizes, colours) or is every row one product?',
    details: 'Some have sizes. Every size is a row with the same article number.',
    answer:
      'Use **Shop → Import → CSV**. Rows with the same article number become one product with variants if you map the size column to "Parameter: size". Start with 20 rows to check the mapping, then import the rest.',
    tags: ['import'],
  },
  {
    kind: 'question',
    subjects: ['Turn on HTTPS for the whole site', 'Redirect http to https'],
    opening: 'The hosting has installed a certificate. How do I make the site always open with https?',
    clarify: 'Does https://your-site already open without warnings?',
    details: 'Yes, it does.',
    answer: 'In **Settings → Site**, turn on "Always use HTTPS" and save. Old http links then redirect with 301, which keeps your search positions.',
    tags: ['https'],
  },
  {
    kind: 'problem',
    subjects: ['Error 500 on the cart page after the update', 'Cart page broken since update', 'Checkout shows a server error'],
    opening: 'After updating to the latest version the cart page shows "Error 500". Other pages work. I did not change any templates.',
    clarify: 'Thank you. Could you tell us which version you updated from and attach the last lines of `logs/error.log`?',
    details: 'From 7.0.3. Log attached: "Call to undefined function cart_total_old()".',
    answer:
      'The old cart template overrides the new one. Remove `custom/cart.php` (it is a copy of the 7.0 template), then clear the cache in **Settings → Cache**. The cart will use the updated template.',
    thanks: 'The cart is back, thanks a lot.',
    decline: {
      reason: 'unclear',
      note: 'Which page shows the error, and what were you doing when it appeared?',
      betterInfo: 'Sorry, here are the details: the cart page /cart/ after adding any product. Error 500, log line attached.',
    },
    tags: ['update', 'cart'],
  },
  {
    kind: 'problem',
    subjects: ['Search returns nothing for some words', 'Site search finds nothing', 'Search ignores new products'],
    opening: 'The site search finds nothing for products we added this week. Older products are found.',
    clarify: 'Is the search index rebuilt on a schedule on your hosting (cron), or do you rebuild it by hand?',
    details: 'I do not think we have a cron job.',
    answer:
      'That is it: new products reach the index when it is rebuilt. Add the cron line from **Service → Scheduled tasks** to your hosting panel (every 10 minutes), or press "Rebuild index" there now.',
    tags: ['search'],
  },
  {
    kind: 'problem',
    subjects: ['Admin panel logs me out every minute', 'Session expires constantly in admin'],
    opening: 'Since yesterday the admin panel logs me out after a minute or two, in every browser.',
    clarify: 'Did anything change on the hosting yesterday (PHP version, a proxy, Cloudflare)?',
    details: 'The hosting moved us to a new server. They say nothing else changed.',
    answer:
      'The new server keeps PHP sessions in a folder the site cannot write to. Ask the hosting to make `session.save_path` writable, or set "Store sessions in the database" in **Settings → Security**.',
    decline: {
      reason: 'not_localizable',
      note: 'We could not reproduce it on a clean installation.',
      betterInfo: 'It also happens on our public staging site, stage.example.test, you can try it there.',
    },
  },
  {
    kind: 'problem',
    subjects: ['Product photos disappeared after the update', 'Images show as broken links'],
    opening: 'After the update, product photos in the catalog are broken images. In the admin panel the photos are still there.',
    clarify: 'Please send the address of one product page where the photo is broken.',
    details: 'For example /catalog/chairs/oslo/.',
    answer:
      'The thumbnails were not regenerated after the update. Run **Service → Images → Rebuild thumbnails**; it takes a few minutes for 3,000 photos. The originals were never affected.',
    tags: ['update', 'images'],
  },
  {
    kind: 'problem',
    subjects: ['Feedback form does not send', 'Contact form: messages never arrive'],
    opening: 'Messages from the contact form do not arrive anymore. The visitor sees "Thank you", but we get nothing.',
    clarify: 'Does the site send other mails, for example order confirmations?',
    details: 'No, nothing arrives at all since last week.',
    answer:
      'Your hosting stopped sending mail through PHP `mail()`. Set an SMTP account in **Settings → Mail** (your mail provider gives host, port and password). Test with the "Send test mail" button.',
    decline: {
      reason: 'out_of_scope',
      note: 'Your form was built as custom PHP code outside the form module.',
      betterInfo: 'We rebuilt the form with the standard form module, and it still does not send anything.',
    },
    tags: ['mail'],
  },
  {
    kind: 'problem',
    subjects: ['Delivery cost is wrong for some regions', 'Shipping calculation ignores weight'],
    opening: 'For orders to some regions the delivery cost is 0. It should depend on the weight.',
    clarify: 'Could you name one region where it shows 0 and the weight of the order?',
    details: 'Bavaria, 12 kg, two chairs.',
    answer:
      'The weight table for zone 2 ends at 10 kg, so heavier orders fall through to 0. In **Shop → Delivery → Zone 2**, add a row "from 10 kg" with your price. We will make the checkout refuse such gaps in the next version.',
    decline: {
      reason: 'inaccurate_data',
      note: 'The license key you gave belongs to another site.',
      betterInfo: 'Sorry, the right site is shop.example.test, same license as on our account.',
    },
    tags: ['shop'],
  },
  {
    kind: 'emergency',
    subjects: ['The site is down after the update', 'White screen on every page', 'Site unavailable, customers cannot order'],
    opening: 'URGENT: after the update the whole site shows a white page. We are losing orders.',
    clarify: 'We are on it. Please give us temporary access through the secure form on this ticket, so we can look at the server.',
    details: 'Access given through the form.',
    answer:
      'Fixed: the update stopped halfway because the disk was full, so half of the files were old. We freed space in the backup folder, finished the update and checked the catalog and checkout. Please change the access password you gave us.',
    thanks: 'Thank you for the quick help!',
    tags: ['update', 'outage'],
  },
  {
    kind: 'emergency',
    subjects: ['Database errors on every page', '"Too many connections" error everywhere'],
    opening: 'Every page shows "Database error: too many connections". Started 20 minutes ago.',
    clarify: 'Are you running an import or a mailing right now? Please also check with the hosting whether the database server was restarted.',
    details: 'An import of prices was started by our manager, it is still running.',
    answer:
      'The price import opened a connection per row. We stopped it and enabled batch mode in **Shop → Import → Settings**, which uses one connection. The site is up; run the import again in batch mode at night.',
    tags: ['outage', 'import'],
  },
  {
    kind: 'emergency',
    subjects: ['Site hacked, strange ads on the home page', 'Someone changed our home page'],
    opening: 'There are casino ads on our home page that we did not put there. Please help, the site may be hacked.',
    clarify: 'Please give us temporary SSH or FTP access through the secure form, and do not delete anything yet: we need the traces.',
    details: 'FTP access given through the form.',
    answer:
      'A file was uploaded through an outdated third-party gallery plugin. We removed the injected code and the plugin, and changed the admin passwords. Update to 7.2 and change all FTP and hosting passwords today.',
    tags: ['security'],
  },
  {
    kind: 'question',
    subjects: ['Which PHP version is supported?', 'Can we switch to PHP 8.3?'],
    opening: 'Our hosting offers PHP 8.3. Can we switch, or do we need to update something first?',
    clarify: 'Which version of the CMS do you run?',
    details: '7.1.4.',
    answer: '7.1.4 works on PHP 8.1 and 8.2. For 8.3 update to 7.2 first (**Service → Update**), then switch PHP in the hosting panel.',
  },
  {
    kind: 'suggestion',
    subjects: [
      'Please add a dark theme to the admin panel',
      'Bulk editing of product prices',
      'Export orders to Excel',
      'Two-factor login for the admin panel',
    ],
    opening: 'It would be great to have this in the admin panel. We work in it all day, and it would save us a lot of time.',
    clarify: 'Thank you for the idea! Could you tell us a bit more about how you would use it?',
    details: 'Mostly in the evenings and for price changes before sales.',
    answer: 'Thanks, we have added it to the roadmap for the next major version and will write here when it is available.',
    tags: ['idea'],
  },
  {
    kind: 'suggestion',
    subjects: ['Integration with a courier service', 'Gift cards in the shop', 'Wishlist for customers'],
    opening: 'Many of our customers ask for this. Is it planned? We would gladly test an early version.',
    clarify: 'Thank you! Which service (or which behaviour) would you expect first?',
    details: 'The simplest one would do: just the basics.',
    answer: 'Thank you, noted. A module for this is in development; we will invite you to the beta test.',
    tags: ['idea'],
  },
  {
    kind: 'partnership',
    subjects: ['We are an agency and would like to resell licenses', 'Partnership: web studio from Berlin', 'Reseller terms for agencies'],
    opening: 'We are a web agency building about 20 shops a year. We would like to become a partner and resell licenses to our clients.',
    clarify: 'Thank you for your interest! How many projects on our CMS have you already built, and in which countries do you work?',
    details: 'Five so far, in Germany and Austria.',
    answer: 'Thank you. Our partner manager will contact you this week with the partner terms and a discount table.',
    tags: ['partners'],
  },
  {
    kind: 'partnership',
    subjects: ['Integration partnership with our CRM', 'Marketplace module proposal'],
    opening: 'We make a CRM for small shops and would like to offer a ready integration with your CMS. Are you interested?',
    clarify: 'Sounds interesting. Do you have an API description we could look at?',
    details: 'Yes, here is the link to our API documentation.',
    answer: 'Thank you, we forwarded it to our integrations team; they will get back to you to agree on the next steps.',
    tags: ['partners'],
  },
];
