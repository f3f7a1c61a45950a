// The search page in headless Chromium, as a user would use it: type a
// query, see highlighted results and the chart, filter by a person and back,
// narrow the dates by clicking a bar, open an article and come back, download
// the CSV, open a person's page, compare queries, and the empty and error
// states; screenshots of each for the README.
//
//   node tests/browser/page.mjs BASE_URL SCREENSHOT_DIR
//
// Run by tests/page.rs against a server on the bundled corpus. Exits
// non-zero with the failed step on standard error.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [base, shots] = process.argv.slice(2);
assert.ok(base && shots, "usage: node page.mjs BASE_URL SCREENSHOT_DIR");
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const problems = [];
let step = "start";
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, locale: "it-IT" });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => {
    // The error state's request is answered 400 on purpose; Chromium logs it.
    const expected = step === "empty and error states" && /status of 400/.test(m.text());
    if (m.type() === "error" && !expected) problems.push("console: " + m.text());
  });
  // Every request stays on the server: no CDN, no network.
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push("outside request: " + r.url()); });

  const total = async () => Number((await page.locator("#results-title").innerText()).replace(/\D/g, ""));
  const param = (name) => new URL(page.url()).searchParams.getAll(name);

  step = "first render";
  const first = await page.goto(base + "/");
  assert.equal(first.status(), 200);
  await page.locator(".hit").first().waitFor(); // every article, before any query

  step = "type a query with the keyboard alone";
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.type("putin");
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=putin/);
  await page.locator(".hit mark").first().waitFor();
  const marks = await page.locator(".hit .snippet mark").allInnerTexts();
  assert.ok(marks.length >= 1 && marks.every((m) => /putin/i.test(m)), "highlights: " + marks);
  const all = await total();
  assert.ok(all >= 2, "putin matches several articles: " + all);
  assert.ok(await page.locator("svg.bars .period rect[fill]").count() > 0, "the chart has bars");
  await page.screenshot({ path: join(shots, "search.png"), fullPage: true });

  step = "click a person to filter, again to unfilter";
  const facet = page.locator(".facet .person").filter({ hasNotText: "Vladimir Putin" }).first();
  const personName = await facet.locator(".name").innerText();
  const personCount = Number(await facet.locator(".count").innerText());
  assert.ok(personCount < all, `${personName} is in fewer articles (${personCount}) than all (${all})`);
  await facet.click();
  await page.waitForURL((u) => u.searchParams.getAll("person").includes(personName));
  await page.waitForFunction((n) => Number(document.querySelector("#results-title").innerText.replace(/\D/g, "")) === n, personCount);
  assert.equal(await total(), personCount);
  await page.locator(`.chip`, { hasText: personName }).waitFor();
  await page.locator(".facet .person.on").first().click();
  await page.waitForFunction((n) => Number(document.querySelector("#results-title").innerText.replace(/\D/g, "")) === n, all);
  assert.deepEqual(param("person"), []);

  step = "click a bar to narrow the dates";
  const periods = page.locator("svg.bars .period");
  const n = await periods.count();
  let target = -1;
  for (let i = 0; i < n && target < 0; i++) {
    const height = Number(await periods.nth(i).locator("rect[fill]").first().getAttribute("height"));
    if (height > 0) target = i;
  }
  assert.ok(target >= 0, "a bar with articles");
  const period = await periods.nth(target).getAttribute("data-period");
  const box = await periods.nth(target).locator("rect.hit").boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForURL((u) => u.searchParams.get("from") === period && u.searchParams.get("to") === period);
  await page.locator(".chip", { hasText: "Date:" }).waitFor();
  assert.equal(await page.inputValue("#from"), period);
  await page.waitForFunction((a) => Number(document.querySelector("#results-title").innerText.replace(/\D/g, "")) < a, all);

  step = "back to all dates";
  await page.goBack();
  await page.waitForURL((u) => !u.searchParams.get("from"));
  await page.waitForFunction((a) => Number(document.querySelector("#results-title").innerText.replace(/\D/g, "")) === a, all);

  step = "open an article, see the matched words, go back";
  const headline = page.locator(".hit h3 a").first();
  const title = await headline.innerText();
  await headline.click();
  await page.locator("article.article .body").waitFor();
  assert.equal(await page.locator("article.article h1").innerText(), title);
  const bodyMarks = await page.locator("article.article .body mark").allInnerTexts();
  assert.ok(bodyMarks.length >= 1 && bodyMarks.every((m) => /putin/i.test(m)), "article highlights: " + bodyMarks);
  assert.ok(await page.locator("article.article .hit-persons a").count() > 0, "the article's persons");
  await page.screenshot({ path: join(shots, "article.png"), fullPage: true });
  await page.locator("a.back").click();
  await page.locator(".hit").first().waitFor();
  assert.deepEqual(param("q"), ["putin"]);
  assert.equal(await total(), all);

  step = "download the results as CSV";
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a", { hasText: "Scarica CSV" }).click()]);
  const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  assert.equal(csv[0], "rank,date,author,id,headline,persons");
  assert.equal(csv.length - 1, all, "one row a result");

  step = "compare with another query, as shares";
  await page.locator(".compare input").fill("trump");
  await page.locator(".compare button").click();
  await page.waitForURL(/vs=trump/);
  await page.locator(".legend li").nth(1).waitFor();
  await page.locator(".toggle button", { hasText: "Quota" }).click();
  await page.waitForURL(/scale=share/);
  await page.locator(".legend li").nth(1).waitFor();
  assert.ok(await page.locator("svg.bars .period").first().locator("rect[fill]").count() === 2, "two series");
  await page.screenshot({ path: join(shots, "compare.png"), fullPage: true });

  step = "a person's page";
  await page.goto(base + "/?profile=" + encodeURIComponent("Vladimir Putin"));
  await page.locator("#person-title").waitFor();
  assert.equal(await page.locator("#person-title").innerText(), "Vladimir Putin");
  assert.ok(await page.locator(".profile-page .persons li").count() > 0, "co-mentioned persons");
  await page.screenshot({ path: join(shots, "person.png"), fullPage: true });

  step = "empty and error states";
  await page.goto(base + "/?q=zzzqqqxyz");
  await page.locator(".empty").waitFor();
  await page.goto(base + "/?q=" + encodeURIComponent('"non chiusa'));
  await page.locator(".error[role=alert]").waitFor();

  step = "on a phone";
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "it-IT" });
  const small = await phone.newPage();
  await small.goto(base + "/?q=trump");
  await small.locator(".hit").first().waitFor();
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, "no horizontal scrolling on a phone: " + overflow);
  await small.screenshot({ path: join(shots, "phone.png") });

  assert.deepEqual(problems, []);
  console.log("page test: passed");
} catch (error) {
  console.error(`page test failed at step «${step}»: ${error.stack || error}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
