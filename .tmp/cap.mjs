import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: 390, height: 800 }, locale: 'de-DE' });
const p = await ctx.newPage();
await p.goto('http://localhost:4600/learn/comparison-complexity-functionality');
await p.addStyleTag({ content: process.env.CSS });
const r = await p.evaluate(async () => {
  const cap = document.querySelector('#tbl-criteria');
  const box = cap.closest('.table-scroll');
  const m = () => { const c = cap.getBoundingClientRect(), bb = box.getBoundingClientRect(); return [Math.round(c.left), Math.round(c.right), Math.round(bb.left), Math.round(bb.right), Math.round(c.height)]; };
  const before = m(); box.scrollLeft = 200; await new Promise(r => requestAnimationFrame(r)); const after = m();
  return { before, after, scroll: box.scrollLeft, tbl: box.querySelector('table').getBoundingClientRect().width };
});
console.log(JSON.stringify(r));
await p.locator('#tbl-criteria').scrollIntoViewIfNeeded();
await p.screenshot({ path: '/tmp/cap.png' });
await b.close();
