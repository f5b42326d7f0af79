export {
  IDENTITY_FILE_REMEDY,
  IdentityFileError,
  parseIdentityFile,
  type IdentityFileProblem,
  type IdentityKeyType,
  type TeleportIdentity,
} from './identity-file';
