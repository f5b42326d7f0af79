/** Running the real CLI lives with the stand-in, which the demo and the benchmark also use. */
export * from '../../standin/collect';
