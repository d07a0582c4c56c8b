"""Every state change of supervision goes through the modules of this package, one per concern:
rectification* (整改台账), disclosure* (党务公开), lifemeeting* (组织生活会 / 民主生活会). Callers
import the module they need."""
