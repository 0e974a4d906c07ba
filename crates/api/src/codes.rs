//! The server's error-code table (1–284): the documented description, the HTTP status, and a
//! human message for each code, so every API failure can be shown to a person in plain words.

/// One documented API error code.
///
/// `description` is the server's `status.description` as the docs list it; `message` is what we
/// show a person: what happened and, where there is one, what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: u32,
    pub name: &'static str,
    pub description: &'static str,
    pub http_status: u16,
    pub message: &'static str,
}

macro_rules! codes {
    ($( $code:literal $name:ident $http:literal $desc:literal => $msg:literal; )*) => {
        /// Every API error code as a typed kind. Codes the table does not know are `Other(n)`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ApiCode {
            $( #[doc = $desc] $name, )*
            /// A code outside the documented table.
            Other(u32),
        }

        const TABLE: &[CodeInfo] = &[
            $( CodeInfo { code: $code, name: stringify!($name), description: $desc, http_status: $http, message: $msg }, )*
        ];

        impl ApiCode {
            /// The typed kind for a numeric code.
            pub fn from_code(code: u32) -> ApiCode {
                match code {
                    $( $code => ApiCode::$name, )*
                    other => ApiCode::Other(other),
                }
            }

            /// The numeric code.
            pub fn code(self) -> u32 {
                match self {
                    $( ApiCode::$name => $code, )*
                    ApiCode::Other(n) => n,
                }
            }
        }
    };
}

codes! {
    1 DatabaseError 500 "Database error" => "The server had a database error. Try again in a moment; if it persists, contact the server's administrator.";
    2 ServiceAuthError 403 "Service Auth error" => "The server refused the service credentials. Contact the server's administrator.";
    3 WrongHash 400 "Wrong hash" => "The session is not valid any more. Sign in again.";
    4 SessionEnded 400 "User or API key not found or session ended" => "The session has ended or the API key is unknown. Sign in again.";
    5 WrongRequestFormat 400 "Wrong request format" => "The server did not understand the request format. This is a bug in Trackmate or an incompatible server.";
    6 UnexpectedError 500 "Unexpected error" => "The server had an unexpected error. Try again in a moment.";
    7 InvalidParameters 400 "Invalid parameters" => "The server rejected the request's parameters.";
    8 QueueServiceError 503 "Queue service error, try again later" => "The server is busy (queue service). Try again in a moment.";
    9 TooLargeRequest 412 "Too large request" => "The request was too large for the server. Choose a shorter period or fewer objects.";
    11 AccessDenied 403 "Access denied" => "Access denied: this account or its dealer is not allowed to do this.";
    12 DealerNotFound 400 "Dealer not found" => "The dealer (server brand) was not found. Check the server address and dealer id.";
    13 OperationNotPermitted 403 "Operation not permitted" => "This account is not permitted to do this.";
    14 DatabaseUnavailable 503 "Database unavailable" => "The server's database is unavailable. Try again in a moment.";
    15 TooManyRequests 429 "Too many requests (rate limit exceeded)" => "Too many requests: the server's rate limit was reached. Wait a little and try again.";
    101 DemoModeDisabled 403 "In demo mode this function is disabled" => "This function is disabled for demo accounts.";
    102 WrongLoginOrPassword 400 "Wrong login or password" => "Wrong login or password. Check both and try again.";
    103 UserNotActivated 400 "User not activated" => "This account is not activated yet. Follow the activation link in your e-mail first.";
    104 TooManyLogins 400 "Too many logins" => "Too many active sign-ins for this account. Sign out elsewhere or wait, then try again.";
    105 TooManyLoginAttempts 400 "Too many login attempts" => "Too many sign-in attempts. Wait a few minutes before trying again.";
    111 WrongHandler 400 "Wrong handler" => "The server does not know this function. It may be an older or different server version.";
    112 WrongMethod 400 "Wrong method" => "The server does not accept this request method.";
    201 NotFound 400 "Not found in database" => "Not found: the object does not exist or is not shared with this account.";
    202 TooManyPointsInZone 400 "Too many points in zone" => "The geofence has too many points.";
    203 DeleteEntityAssociated 400 "Delete entity associated with" => "It cannot be deleted while other things still refer to it.";
    204 EntityNotFound 404 "Entity not found" => "Not found: the object does not exist or is not shared with this account.";
    206 LoginInUse 400 "Login already in use" => "This login is already in use.";
    207 InvalidCaptcha 400 "Invalid captcha" => "The captcha was not accepted.";
    208 DeviceBlocked 403 "Device blocked" => "This device is blocked (its tariff ended or it was disabled). Its data cannot be read until it is unblocked.";
    209 FailedSendingEmail 400 "Failed sending email" => "The server could not send the e-mail.";
    210 GeocodingFailed 400 "Geocoding failed" => "The address lookup failed.";
    211 TimeSpanTooBig 400 "Requested time span is too big" => "The requested period is longer than the server allows. Choose a shorter period.";
    212 LimitTooBig 400 "Requested limit is too big" => "More entries were asked for at once than the server allows.";
    213 DeviceOffline 400 "Cannot perform action: the device is offline" => "The device is offline, so this cannot be done now.";
    214 NotSupportedByDevice 400 "Requested operation or parameters are not supported by the device" => "The device does not support this.";
    215 ExternalServiceError 400 "External service error" => "An external service used by the server failed. Try again later.";
    217 NonexistentEntities 400 "List contains nonexistent entities" => "Some of the requested objects do not exist or are not shared with this account.";
    218 MalformedExternalParameters 400 "Malformed external service parameters" => "The server's external service settings are malformed.";
    219 NotAllowedForClones 403 "Not allowed for clones of the device" => "This is not allowed for a clone of a device.";
    220 UnknownDeviceModel 400 "Unknown device model" => "The device model is unknown to the server.";
    221 DeviceLimitExceeded 403 "Device limit exceeded" => "The account's device limit is reached.";
    222 PluginNotFound 400 "Plugin not found" => "The server plugin was not found.";
    223 PhoneInUse 400 "Phone number already in use" => "This phone number is already in use.";
    224 DeviceIdInUse 400 "Device ID already in use" => "This device id is already in use.";
    225 NotAllowedForLegalType 403 "Not allowed for this legal type" => "This is not allowed for the account's legal type.";
    226 WrongIccid 400 "Wrong ICCID" => "The SIM card's ICCID is wrong.";
    227 WrongActivationCode 400 "Wrong activation code" => "The activation code is wrong.";
    228 NotSupportedBySensor 400 "Not supported by sensor" => "The sensor does not support this.";
    229 DataNotReady 404 "Requested data is not ready yet" => "The data is not ready yet. Try again in a moment.";
    230 NotSupportedForEntityType 400 "Not supported for this entity type" => "This is not supported for this kind of object.";
    231 EntityTypeMismatch 409 "Entity type mismatch" => "The object is of a different kind than expected.";
    232 InputInUse 400 "Input already in use" => "This input is already in use.";
    233 NoDataFile 400 "No data file" => "No data file was given.";
    234 InvalidDataFormat 400 "Invalid data format" => "The data format is invalid.";
    235 MissingCalibrationData 400 "Missing calibration data" => "Calibration data is missing.";
    236 TariffRestricted 402 "Feature unavailable due to tariff restrictions" => "This feature is not included in the account's tariff.";
    237 InvalidTariff 400 "Invalid tariff" => "The tariff is invalid.";
    238 TariffChangeNotAllowed 403 "Changing tariff is not allowed" => "Changing the tariff is not allowed.";
    239 NewTariffMissing 404 "New tariff does not exist" => "The new tariff does not exist.";
    240 TariffChangeTooFrequent 403 "Not allowed to change tariff too frequently" => "The tariff cannot be changed again so soon.";
    241 BundledSimPhone 400 "Cannot change phone to bundled sim. Contact tech support." => "The phone cannot be changed to a bundled SIM. Contact technical support.";
    242 ContentValidationErrors 400 "There were errors during content validation" => "The content did not pass validation.";
    243 DeviceAlreadyConnected 400 "Device already connected." => "The device is already connected.";
    244 DuplicateEntityLabel 400 "Duplicate entity label." => "Another object already has this name.";
    245 PasswordMustDiffer 400 "New password must be different" => "The new password must differ from the old one.";
    246 InvalidUserId 400 "Invalid user ID" => "The user id is invalid.";
    247 EntityExists 409 "Entity already exists" => "It already exists.";
    248 WrongPassword 400 "Wrong password" => "The password is wrong.";
    249 ClonesOnly 403 "Operation available for clones only" => "This is only possible for clones of a device.";
    250 DeletedDevice 403 "Not allowed for deleted devices" => "This is not allowed for a deleted device.";
    251 InsufficientFunds 403 "Insufficient funds" => "The account's balance is insufficient.";
    252 DeviceCorrupted 400 "Device already corrupted" => "The device is already marked as corrupted.";
    253 DeviceHasClones 400 "Device has clones" => "The device has clones.";
    254 CannotSaveFile 500 "Cannot save file" => "The server could not save the file.";
    255 InvalidTaskState 400 "Invalid task state" => "The task is in a state that does not allow this.";
    256 LocationAlreadyActual 400 "Location already actual" => "The location is already up to date.";
    257 RegistrationForbidden 403 "Registration forbidden" => "Registration is not allowed on this server.";
    258 BundleNotFound 404 "Bundle not found" => "The bundle was not found.";
    259 PaymentsCountMismatch 400 "Payments count not comply with summary" => "The number of payments does not match the summary.";
    260 PaymentsSumMismatch 400 "Payments sum not comply with summary" => "The sum of payments does not match the summary.";
    261 EntityHasExternalLinks 403 "Entity has external links" => "It is still referenced from elsewhere.";
    262 EntriesMismatch 400 "Entries list is missing some entries or contains nonexistent entries" => "The list is missing entries or has entries that do not exist.";
    263 NoChangeNeeded 400 "No change needed, old and new values are the same" => "Nothing to change: the new values equal the old ones.";
    264 TimeoutNotReached 403 "Timeout not reached" => "This was done too recently. Wait before trying again.";
    265 AlreadyDone 403 "Already done" => "This has already been done.";
    266 InvalidDeviceStatus 403 "Cannot perform action for the device in current status" => "The device's current status does not allow this.";
    267 TooManyEntities 400 "Too many entities" => "Too many objects at once.";
    268 OverQuota 402 "Over quota" => "The account's quota is exceeded.";
    269 InvalidFileState 400 "Invalid file state" => "The file is in a state that does not allow this.";
    270 TooManySensorsOfType 400 "Too many sensors of same type already exist" => "There are already too many sensors of this type.";
    271 FileTooLarge 413 "File over max size" => "The file is larger than the server allows.";
    272 TrackersModelsDiffer 400 "Trackers must have same models" => "The devices must be of the same model.";
    273 DuplicateLogin 400 "Duplicate login" => "This login is already taken.";
    274 EmptyDataFile 400 "Empty data file" => "The data file is empty.";
    275 UserBlocked 403 "User is blocked" => "This account is blocked. Contact the server's administrator.";
    276 ForbiddenForSessionType 403 "Action is forbidden for received session type" => "This is not allowed with this kind of session (for example with an API key).";
    277 SecurityGroupHasUsers 409 "Security group has users in it" => "The security group still has users.";
    278 SecurityGroupIsDefault 409 "Security group is a default one" => "The default security group cannot be changed this way.";
    279 InvalidTaskPeriod 400 "Invalid task period" => "The task period is invalid.";
    280 InvalidImportState 400 "Invalid import request state" => "The import is in a state that does not allow this.";
    281 ResourceClosed 400 "This resource is closed" => "This resource is closed.";
    282 WrongAuthCode 400 "Wrong authentication code" => "The verification code is wrong. Check the code from your e-mail and try again.";
    284 NotEnoughZonePoints 400 "Not enough points for the specified zone type" => "The geofence has too few points for its type.";
}

impl ApiCode {
    /// The documented entry for this code, if the table has one.
    pub fn info(self) -> Option<&'static CodeInfo> {
        let code = self.code();
        TABLE.iter().find(|c| c.code == code)
    }

    /// A person-readable message: what happened and what to do.
    pub fn message(self) -> &'static str {
        self.info()
            .map(|i| i.message)
            .unwrap_or("The server reported an error that Trackmate does not know.")
    }

    /// The HTTP status the docs give for this code (400 when they give none).
    pub fn http_status(self) -> u16 {
        self.info().map(|i| i.http_status).unwrap_or(400)
    }

    /// The server's documented `status.description` for this code.
    pub fn description(self) -> Option<&'static str> {
        self.info().map(|i| i.description)
    }
}

/// The whole table, in code order (for documentation and tests).
pub fn table() -> &'static [CodeInfo] {
    TABLE
}
