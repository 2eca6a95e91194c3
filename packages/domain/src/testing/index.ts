// Sample data for the tests of every package, kept out of the main entry (import
// `@relance/domain/testing` from another package): no production code should build on it.
export * from './invoice';
