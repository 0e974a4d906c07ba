//! Which OS store keeps the secrets (`Backend`), how each is reached, and how this process picks
//! one: the only place in the crate with per-platform code.
//!
//! Windows and macOS have one store each. Linux prefers the Secret Service (GNOME Keyring,
//! KWallet: kept across restarts) and falls back to the kernel keyutils when no Secret Service
//! runs (no D-Bus session bus, or no provider on it), which keeps a secret only until logout or
//! restart — the caller tells the user so through [`Backend::sentence`].

use std::sync::OnceLock;

use keyring::credential::Credential;

use crate::Error;

/// A store for secrets that the operating system provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// The freedesktop Secret Service over D-Bus (GNOME Keyring, KWallet, KeePassXC): Linux.
    SecretService,
    /// The Linux kernel's keyutils: in memory, gone at logout or restart.
    KernelKeyring,
    /// Windows Credential Manager (generic credentials).
    WindowsCredentialManager,
    /// The macOS login Keychain.
    MacKeychain,
}

impl Backend {
    /// Where a secret saved here is kept, as the end of a sentence for the user ("The session
    /// is …").
    pub fn sentence(self) -> &'static str {
        match self {
            Backend::SecretService => "kept in the desktop keyring (Secret Service)",
            Backend::KernelKeyring => {
                "kept in the kernel keyring until you log out or restart (no Secret Service is running)"
            }
            Backend::WindowsCredentialManager => "kept in Windows Credential Manager",
            Backend::MacKeychain => "kept in the macOS Keychain",
        }
    }

    /// Whether a secret kept here is still there after the computer restarts.
    pub fn survives_restart(self) -> bool {
        self != Backend::KernelKeyring
    }

    /// The credential for `key` under `service` in this store. A store that does not exist on
    /// this platform is `Unavailable`.
    pub(crate) fn credential(self, service: &str, key: &str) -> Result<Box<Credential>, Error> {
        // `None` target: each store's default collection / keyring / keychain.
        match self {
            #[cfg(target_os = "linux")]
            Backend::SecretService => Ok(Box::new(
                keyring::secret_service::SsCredential::new_with_target(None, service, key)?,
            )),
            #[cfg(target_os = "linux")]
            Backend::KernelKeyring => Ok(Box::new(
                keyring::keyutils::KeyutilsCredential::new_with_target(None, service, key)?,
            )),
            #[cfg(target_os = "windows")]
            Backend::WindowsCredentialManager => Ok(Box::new(
                keyring::windows::WinCredential::new_with_target(None, service, key)?,
            )),
            #[cfg(target_os = "macos")]
            Backend::MacKeychain => Ok(Box::new(keyring::macos::MacCredential::new_with_target(
                None, service, key,
            )?)),
            #[allow(unreachable_patterns)] // on no platform are all four stores present
            other => {
                let _ = (service, key);
                Err(Error::Unavailable(format!(
                    "{other:?} does not exist on this platform"
                )))
            }
        }
    }
}

/// The stores this platform may have, best first.
#[cfg(target_os = "linux")]
const CANDIDATES: &[Backend] = &[Backend::SecretService, Backend::KernelKeyring];
#[cfg(target_os = "windows")]
const CANDIDATES: &[Backend] = &[Backend::WindowsCredentialManager];
#[cfg(target_os = "macos")]
const CANDIDATES: &[Backend] = &[Backend::MacKeychain];
#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
const CANDIDATES: &[Backend] = &[];

/// The store this process uses, chosen on first use and then kept, so that what one call saves
/// the next finds. Only a success is kept: without any store, every call tries again (a
/// keyring daemon may start later).
pub fn os_backend() -> Result<Backend, Error> {
    static CHOSEN: OnceLock<Backend> = OnceLock::new();
    if let Some(b) = CHOSEN.get() {
        return Ok(*b);
    }
    let chosen = choose()?;
    Ok(*CHOSEN.get_or_init(|| chosen))
}

/// The first candidate that answers a lookup of an entry nobody writes. Only "cannot reach it"
/// (`PlatformFailure`: no D-Bus, no Secret Service on it, no kernel keyring) moves on to the
/// next: a store that is there but refuses (`NoStorageAccess`, e.g. a locked keyring) is kept,
/// so a secret never goes to a weaker store while the user's keyring merely waits to be
/// unlocked; its calls then report `Unavailable`.
fn choose() -> Result<Backend, Error> {
    choose_from(CANDIDATES, |backend| {
        let credential = backend.credential("app.trackmate.probe", "probe")?;
        match keyring::Entry::new_with_credential(credential).get_password() {
            Err(keyring::Error::PlatformFailure(e)) => Err(Error::Unavailable(e.to_string())),
            _ => Ok(()),
        }
    })
}

/// The first of `candidates` that `probe` accepts; else `Unavailable` with every reason.
fn choose_from(
    candidates: &[Backend],
    probe: impl Fn(Backend) -> Result<(), Error>,
) -> Result<Backend, Error> {
    let mut failures = Vec::new();
    for &backend in candidates {
        match probe(backend) {
            Ok(()) => return Ok(backend),
            Err(Error::Unavailable(why)) => failures.push(format!("{backend:?}: {why}")),
            Err(e) => failures.push(format!("{backend:?}: {e}")),
        }
    }
    if failures.is_empty() {
        return Err(Error::Unavailable(
            "this platform has no supported keyring".into(),
        ));
    }
    Err(Error::Unavailable(failures.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::{Backend, CANDIDATES, choose_from};
    use crate::Error;

    #[test]
    fn the_first_store_that_answers_is_chosen() {
        let both = [Backend::SecretService, Backend::KernelKeyring];
        let no_bus = |b| match b {
            Backend::SecretService => Err(Error::Unavailable("no session bus".into())),
            _ => Ok(()),
        };
        assert_eq!(choose_from(&both, no_bus).unwrap(), Backend::KernelKeyring);
        assert_eq!(
            choose_from(&both, |_| Ok(())).unwrap(),
            Backend::SecretService
        );
    }

    #[test]
    fn no_store_is_unavailable_with_every_reason() {
        let both = [Backend::SecretService, Backend::KernelKeyring];
        let err = choose_from(&both, |b| Err(Error::Unavailable(format!("{b:?} is down"))));
        let Err(Error::Unavailable(why)) = err else {
            panic!("{err:?}")
        };
        assert!(why.contains("SecretService is down") && why.contains("KernelKeyring is down"));
        assert!(matches!(
            choose_from(&[], |_| Ok(())),
            Err(Error::Unavailable(_))
        ));
    }

    #[test]
    fn each_desktop_has_its_native_store_first() {
        let native = if cfg!(target_os = "windows") {
            Some(Backend::WindowsCredentialManager)
        } else if cfg!(target_os = "macos") {
            Some(Backend::MacKeychain)
        } else if cfg!(target_os = "linux") {
            Some(Backend::SecretService)
        } else {
            None
        };
        assert_eq!(CANDIDATES.first().copied(), native);
    }

    #[test]
    fn only_the_kernel_keyring_forgets_at_restart() {
        for b in [
            Backend::SecretService,
            Backend::WindowsCredentialManager,
            Backend::MacKeychain,
        ] {
            assert!(b.survives_restart(), "{b:?}");
        }
        assert!(!Backend::KernelKeyring.survives_restart());
        assert!(
            Backend::KernelKeyring
                .sentence()
                .contains("until you log out")
        );
    }
}
