-- DropIndex
DROP INDEX "SplitRunMember_splitRunId_position_idx";
