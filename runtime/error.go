package runtime

import (
	"fmt"

	"github.com/soukhq/souk/internal/fault"
)

// Error is a rejection of developer input (a manifest, a bundle, a view):
// souk's one domain error type. Code is stable and machine-readable (the API
// returns it as-is); Message is for the developer and names the offending
// field or file.
type Error = fault.Error

func errorf(code, format string, args ...any) *Error {
	return &Error{Kind: codeKind(code), Code: code, Message: fmt.Sprintf(format, args...)}
}

// codeKind: every rejection of developer input is bad input, except a
// bundle over the size cap and a lookup of something that is not there.
func codeKind(code string) fault.Kind {
	switch code {
	case CodeBundleTooLarge:
		return fault.TooLarge
	case CodeNotFound:
		return fault.NotFound
	}
	return fault.Invalid
}

// ErrorCode returns the code of the first *Error in err's chain, or "".
func ErrorCode(err error) string { return fault.Code(err) }

// Rejection codes. Every error the manifest parser, the bundle reader and the
// view validator return carries one of these.
const (
	CodeManifestInvalid           = "manifest_invalid"
	CodeManifestUnknownPermission = "manifest_unknown_permission"
	CodeManifestLimit             = "manifest_limit_exceeded"

	CodeBundleTooLarge       = "bundle_too_large"
	CodeBundleMalformedZip   = "bundle_malformed_zip"
	CodeBundleTooManyFiles   = "bundle_too_many_files"
	CodeBundleBadPath        = "bundle_bad_path"
	CodeBundleAbsolutePath   = "bundle_absolute_path"
	CodeBundlePathTraversal  = "bundle_path_traversal"
	CodeBundleSymlink        = "bundle_symlink"
	CodeBundleNotRegular     = "bundle_not_regular_file"
	CodeBundleDuplicateName  = "bundle_duplicate_name"
	CodeBundleUnexpectedFile = "bundle_unexpected_file"
	CodeBundleAssetType      = "bundle_asset_type"
	CodeBundleZipBomb        = "bundle_zip_bomb"
	CodeBundleScriptTooLarge = "bundle_script_too_large"
	CodeBundleNotUTF8        = "bundle_not_utf8"
	CodeBundleSourceMapURL   = "bundle_source_map_url"
	CodeBundleBadSourceMap   = "bundle_bad_source_map"
	CodeBundleNoManifest     = "bundle_missing_manifest"
	CodeBundleMissingEntry   = "bundle_missing_entry"

	CodeViewTooLarge    = "view_too_large"
	CodeViewMalformed   = "view_malformed"
	CodeViewTooDeep     = "view_too_deep"
	CodeViewTooMany     = "view_too_many_nodes"
	CodeViewComponent   = "view_unknown_component"
	CodeViewField       = "view_unknown_field"
	CodeViewValue       = "view_invalid_value"
	CodeViewString      = "view_string_too_long"
	CodeViewURL         = "view_bad_url"
	CodeViewDuplicateID = "view_duplicate_id"
	CodeViewPatch       = "view_bad_patch"
)
