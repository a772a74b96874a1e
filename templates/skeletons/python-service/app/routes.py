"""The service's own endpoints: add yours here."""

import os

from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def hello() -> dict:
    return {"service": os.environ.get("SERVICE_NAME", "${{ values.name }}"), "message": "hello"}
