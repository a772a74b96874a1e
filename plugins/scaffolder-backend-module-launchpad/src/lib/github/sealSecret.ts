import sodium from 'libsodium-wrappers';

/**
 * Encrypts a secret for the GitHub Actions secrets API: a libsodium sealed box
 * with the repository's public key (base64), returned as base64.
 */
export async function sealSecret(
  publicKeyBase64: string,
  plaintext: string,
): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(
    publicKeyBase64,
    sodium.base64_variants.ORIGINAL,
  );
  const sealed = sodium.crypto_box_seal(sodium.from_string(plaintext), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
