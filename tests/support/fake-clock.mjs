// Preloaded into a test server with NODE_OPTIONS="--import ./tests/support/fake-clock.mjs" and
// FAKE_NOW=<ISO instant>: the process's clock starts at FAKE_NOW and runs on from there.
// Test-only: the app itself has no clock setting.
const target = Date.parse(process.env.FAKE_NOW ?? "");
if (Number.isFinite(target)) {
  const RealDate = Date;
  const offset = target - RealDate.now();
  class FakeDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = FakeDate;
}
