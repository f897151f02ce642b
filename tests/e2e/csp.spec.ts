import { expect, test } from "./fixtures.ts";

test("the page forbids inline script and eval; only the backtest and sweep workers may evaluate code", async ({
  page,
  request,
  consoleErrors,
}) => {
  const response = await page.goto("/");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(csp).not.toContain("'unsafe-eval'");
  // An injected inline script does not run, and the browser reports the violation. (Code run by
  // page.evaluate comes through DevTools, which CSP does not govern, so eval is checked by policy.)
  const violation = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true });
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.body.append(script);
      }),
  );
  expect(violation).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  // The backtest worker's script carries the one policy that allows eval.
  const html = await (await request.get("/")).text();
  const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1] ?? "";
  const bundle = await (await request.get(entry)).text();
  const worker = /assets\/backtest\.worker-[\w-]+\.js/.exec(bundle)?.[0];
  expect(worker).toBeTruthy();
  const workerCsp = (await request.get(`/${worker}`)).headers()["content-security-policy"];
  expect(workerCsp).toContain("'unsafe-eval'");
  // The CSP violations above are reported on the console; nothing else may be.
  expect(consoleErrors.filter((e) => !/Content Security Policy|unsafe-eval|EvalError/i.test(e))).toEqual([]);
  consoleErrors.length = 0;
});
