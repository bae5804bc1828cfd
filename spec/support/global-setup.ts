/** Global setup for the test run; servers shared by many spec files start here. */
export default function setup(): void {}
