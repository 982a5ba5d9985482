"""Operations: health check and the KPI documentation."""
