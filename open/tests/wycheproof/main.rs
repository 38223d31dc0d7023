//! Wycheproof vectors through the exact primitives `Opener::open` calls:
//! RSA-OAEP-2048 with SHA-256/MGF1-SHA-256, and AES-256-GCM.

use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, PrivateDecryptingKey};
use cardseal_open::primitives::{aes256gcm_open, rsa_oaep_sha256_decrypt, IV_LEN, TAG_LEN};
use wycheproof::TestResult;

#[test]
fn rsa_oaep_2048_sha256_mgf1_sha256() {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa2048Sha256Mgf1Sha256).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for group in &set.test_groups {
        assert_eq!(group.key_size, 2048);
        let key =
            OaepPrivateDecryptingKey::new(PrivateDecryptingKey::from_pkcs8(&group.pkcs8).unwrap())
                .unwrap();
        for t in &group.tests {
            let label = (!t.label.is_empty()).then_some(&t.label[..]);
            let got = rsa_oaep_sha256_decrypt(&key, &t.ct, label);
            match t.result {
                TestResult::Valid | TestResult::Acceptable if got.is_ok() => {
                    assert_eq!(&got.unwrap()[..], &t.pt[..], "tcId {}", t.tc_id);
                    valid += 1;
                    if label.is_some() {
                        // A JWE has no label: `open` would refuse this one.
                        assert!(rsa_oaep_sha256_decrypt(&key, &t.ct, None).is_err());
                    }
                }
                TestResult::Valid => panic!("tcId {} ({}) must decrypt", t.tc_id, t.comment),
                _ => {
                    assert!(
                        got.is_err(),
                        "tcId {} ({}) must be refused",
                        t.tc_id,
                        t.comment
                    );
                    invalid += 1;
                }
            }
        }
    }
    // Every vector of the set ran (18 valid, 19 invalid in wycheproof 0.6).
    assert_eq!(valid + invalid, set.number_of_tests);
    assert!(
        valid >= 10 && invalid >= 10,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn aes_256_gcm() {
    use wycheproof::aead::{TestName, TestSet};
    let set = TestSet::load(TestName::AesGcm).unwrap();
    let (mut valid, mut invalid, mut outside_profile, mut total) = (0, 0, 0, 0);
    for group in set.test_groups.iter().filter(|g| g.key_size == 256) {
        for t in &group.tests {
            total += 1;
            let key: [u8; 32] = t.key[..].try_into().unwrap();
            let got = aes256gcm_open(&key, &t.nonce, &t.aad, &t.ct, &t.tag);
            if t.nonce.len() != IV_LEN || t.tag.len() != TAG_LEN {
                // JWE A256GCM has a 96-bit IV and a 128-bit tag; anything else is refused
                // whatever the vector says.
                assert!(got.is_err(), "tcId {}: IV/tag outside the profile", t.tc_id);
                outside_profile += 1;
                continue;
            }
            match t.result {
                TestResult::Valid => {
                    let pt = got.unwrap_or_else(|_| panic!("tcId {} ({})", t.tc_id, t.comment));
                    assert_eq!(&pt[..], &t.pt[..], "tcId {}", t.tc_id);
                    valid += 1;
                }
                TestResult::Invalid => {
                    assert!(
                        got.is_err(),
                        "tcId {} ({}) must be refused",
                        t.tc_id,
                        t.comment
                    );
                    invalid += 1;
                }
                TestResult::Acceptable => total -= 1,
            }
        }
    }
    assert_eq!(valid + invalid + outside_profile, total);
    assert!(
        valid >= 20 && invalid >= 10 && outside_profile > 0,
        "{valid} valid, {invalid} invalid, {outside_profile} outside the profile"
    );
}
