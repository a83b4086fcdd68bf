-- CreateTable
CREATE TABLE "LabTaskResult" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "wordAccuracy" DOUBLE PRECISION,
    "latencyMs" DOUBLE PRECISION,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LabTaskResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LabTaskResult_task_idx" ON "LabTaskResult"("task");

-- CreateIndex
CREATE UNIQUE INDEX "LabTaskResult_userId_task_key" ON "LabTaskResult"("userId", "task");

-- AddForeignKey
ALTER TABLE "LabTaskResult" ADD CONSTRAINT "LabTaskResult_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
