//! The API error-code table (INDEX §1.6 plus 104, 105, 282) and the `ApiError` type handlers return.

use http::StatusCode;

/// code → (description as the docs word it, HTTP status). Blank statuses in the docs are 400.
const TABLE: &[(u32, &str, u16)] = &[
    (1, "Database error", 500),
    (2, "Service Auth error", 403),
    (3, "Wrong hash", 400),
    (4, "User or API key not found or session ended", 400),
    (5, "Wrong request format", 400),
    (6, "Unexpected error", 500),
    (7, "Invalid parameters", 400),
    (8, "Queue service error, try again later", 503),
    (9, "Too large request", 412),
    (11, "Access denied", 403),
    (12, "Dealer not found", 400),
    (13, "Operation not permitted", 403),
    (14, "Database unavailable", 503),
    (15, "Too many requests (rate limit exceeded)", 429),
    (101, "In demo mode this function is disabled", 403),
    (102, "Wrong login or password", 400),
    (103, "User not activated", 400),
    (
        104,
        "Logins limit exceeded, please reuse existing sessions instead",
        400,
    ),
    (105, "Login attempts limit exceeded, try again later", 400),
    (111, "Wrong handler", 400),
    (112, "Wrong method", 400),
    (201, "Not found in database", 400),
    (202, "Too many points in zone", 400),
    (203, "Delete entity associated with", 400),
    (204, "Entity not found", 404),
    (206, "Login already in use", 400),
    (207, "Invalid captcha", 400),
    (208, "Device blocked", 403),
    (209, "Failed sending email", 400),
    (210, "Geocoding failed", 400),
    (211, "Requested time span is too big", 400),
    (212, "Requested limit is too big", 400),
    (213, "Cannot perform action: the device is offline", 400),
    (
        214,
        "Requested operation or parameters are not supported by the device",
        400,
    ),
    (215, "External service error", 400),
    (217, "List contains nonexistent entities", 400),
    (218, "Malformed external service parameters", 400),
    (219, "Not allowed for clones of the device", 403),
    (220, "Unknown device model", 400),
    (221, "Device limit exceeded", 403),
    (222, "Plugin not found", 400),
    (223, "Phone number already in use", 400),
    (224, "Device ID already in use", 400),
    (225, "Not allowed for this legal type", 403),
    (226, "Wrong ICCID", 400),
    (227, "Wrong activation code", 400),
    (228, "Not supported by sensor", 400),
    (229, "Requested data is not ready yet", 404),
    (230, "Not supported for this entity type", 400),
    (231, "Entity type mismatch", 409),
    (232, "Input already in use", 400),
    (233, "No data file", 400),
    (234, "Invalid data format", 400),
    (235, "Missing calibration data", 400),
    (236, "Feature unavailable due to tariff restrictions", 402),
    (237, "Invalid tariff", 400),
    (238, "Changing tariff is not allowed", 403),
    (239, "New tariff does not exist", 404),
    (240, "Not allowed to change tariff too frequently", 403),
    (
        241,
        "Cannot change phone to bundled sim. Contact tech support.",
        400,
    ),
    (242, "There were errors during content validation", 400),
    (243, "Device already connected.", 400),
    (244, "Duplicate entity label.", 400),
    (245, "New password must be different", 400),
    (246, "Invalid user ID", 400),
    (247, "Entity already exists", 409),
    (248, "Wrong password", 400),
    (249, "Operation available for clones only", 403),
    (250, "Not allowed for deleted devices", 403),
    (251, "Insufficient funds", 403),
    (252, "Device already corrupted", 400),
    (253, "Device has clones", 400),
    (254, "Cannot save file", 500),
    (255, "Invalid task state", 400),
    (256, "Location already actual", 400),
    (257, "Registration forbidden", 403),
    (258, "Bundle not found", 404),
    (259, "Payments count not comply with summary", 400),
    (260, "Payments sum not comply with summary", 400),
    (261, "Entity has external links", 403),
    (
        262,
        "Entries list is missing some entries or contains nonexistent entries",
        400,
    ),
    (
        263,
        "No change needed, old and new values are the same",
        400,
    ),
    (264, "Timeout not reached", 403),
    (265, "Already done", 403),
    (
        266,
        "Cannot perform action for the device in current status",
        403,
    ),
    (267, "Too many entities", 400),
    (268, "Over quota", 402),
    (269, "Invalid file state", 400),
    (270, "Too many sensors of same type already exist", 400),
    (271, "File over max size", 413),
    (272, "Trackers must have same models", 400),
    (273, "Duplicate login", 400),
    (274, "Empty data file", 400),
    (275, "User is blocked", 403),
    (276, "Action is forbidden for received session type", 403),
    (277, "Security group has users in it", 409),
    (278, "Security group is a default one", 409),
    (279, "Invalid task period", 400),
    (280, "Invalid import request state", 400),
    (281, "This resource is closed", 400),
    (282, "Wrong authentication code", 400),
    (284, "Not enough points for the specified zone type", 400),
];

/// Description and HTTP status for `code`; codes outside the table get a generic text and 400,
/// so an injected `ApiError` with an odd code still produces a well-formed envelope.
pub fn lookup(code: u32) -> (&'static str, StatusCode) {
    TABLE
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, d, s)| {
            (
                *d,
                StatusCode::from_u16(*s).unwrap_or(StatusCode::BAD_REQUEST),
            )
        })
        .unwrap_or(("Unexpected error", StatusCode::BAD_REQUEST))
}

/// An API-level failure: rendered as the documented error envelope with the table's status.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("API error {code}")]
pub struct ApiError {
    pub code: u32,
    /// Only code 7 carries these (`errors: [{parameter, error}]`).
    pub errors: Vec<(String, String)>,
}

impl ApiError {
    pub fn new(code: u32) -> Self {
        ApiError {
            code,
            errors: Vec::new(),
        }
    }

    /// Error 7 naming the offending parameter.
    pub fn param(parameter: &str, error: impl Into<String>) -> Self {
        ApiError {
            code: 7,
            errors: vec![(parameter.to_string(), error.into())],
        }
    }

    pub fn status(&self) -> StatusCode {
        lookup(self.code).1
    }

    /// The JSON body: `{"success":false,"status":{"code":N,"description":"..."}[,"errors":[...]]}`.
    pub fn body(&self) -> Vec<u8> {
        let (description, _) = lookup(self.code);
        let mut v = serde_json::json!({
            "success": false,
            "status": {"code": self.code, "description": description},
        });
        if !self.errors.is_empty() {
            v["errors"] = self
                .errors
                .iter()
                .map(|(p, e)| serde_json::json!({"parameter": p, "error": e}))
                .collect();
        }
        serde_json::to_vec(&v).expect("error envelope serializes")
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_statuses() {
        assert_eq!(lookup(15).1, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(lookup(208).1, StatusCode::FORBIDDEN);
        assert_eq!(lookup(204).1, StatusCode::NOT_FOUND);
        assert_eq!(lookup(8).1, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(lookup(282).0, "Wrong authentication code");
        assert_eq!(lookup(4).1, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn envelope_with_errors() {
        let body = ApiError::param("from", "bad date").body();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["status"]["code"], 7);
        assert_eq!(v["errors"][0]["parameter"], "from");
    }
}
