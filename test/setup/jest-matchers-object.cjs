// Stands in for `expect/build/jestMatchersObject`, which @jupiterone/integration-sdk-testing 8.41
// loads at start-up for one matcher (toImplementSpec) this project does not use.
module.exports = {
  getMatchers() {
    throw new Error('toImplementSpec is not available under vitest');
  },
};
