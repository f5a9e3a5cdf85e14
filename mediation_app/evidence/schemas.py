"""What the API shows of evidence files. (An upload is multipart, described on its route.)"""

from pydantic import Field

from mediation_app.cases.schemas import Actor
from mediation_app.core.schema import Out
from mediation_app.core.types import Timestamp


class EvidenceOut(Out):
    id: int
    case_id: int
    name: str = Field(description="the file's name as uploaded")
    category: str
    description: str
    content_type: str
    size: int
    sha256: str
    mediator_only: bool = Field(description="seen only by the mediator, staff and the uploading party")
    uploaded_by: Actor
    created_at: Timestamp
    destroyed_at: Timestamp | None = Field(description="when its file was destroyed (retention period over)")
