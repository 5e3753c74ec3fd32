import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: 390, height: 800 }, locale: 'de-DE', javaScriptEnabled: process.env.JS !== '0' });
const p = await ctx.newPage();
await p.goto('http://localhost:4600/learn/comparison-complexity-functionality');
const r = await p.evaluate(() => {
  const cap = document.querySelector('#tbl-criteria');
  const box = cap.closest('.table-scroll');
  const c = cap.getBoundingClientRect(), bb = box.getBoundingClientRect();
  const toc = document.querySelector('.toc details');
  const ol = document.querySelector('.toc ol');
  return { cap: [c.left, c.right, c.width], box: [bb.left, bb.right], tocOpen: toc.open, olH: ol.getBoundingClientRect().height,
    meta: [...document.querySelectorAll('.meta li')].map(li => { const r = li.getBoundingClientRect(); return [li.textContent, Math.round(r.left), Math.round(r.top)]; }),
    metaBox: document.querySelector('.meta').getBoundingClientRect().left };
});
console.log(JSON.stringify(r));
await p.screenshot({ path: '/tmp/exp.png' });
await b.close();
