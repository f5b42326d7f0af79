/** The protobuf byte helpers live with the stand-in, which sends such bytes too. */
export * from '../../standin/protobuf-wire';
